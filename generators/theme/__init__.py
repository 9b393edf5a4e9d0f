"""Stage two, the theme: how the documents look. `model` is what generators read; `loader` finds
the files (the user's `templates/`, else the defaults shipped in `defaults/`) and checks them."""
