"""Stage one, content in: a summary file read with the position of every value (`reader`),
validated into the model generators see (`model`, `loader`), and the files that teach the format
(`skeleton`, the bundled `example`)."""
