"""The commented summary that `precis new` writes: the content format, taught by example."""

SKELETON = """\
# yaml-language-server: $schema=summary.schema.json
# A Precis summary of one review. Fill in the values, delete what you do not need,
# then run `precis check` on this file. Editors with a YAML language server complete and
# check every key from summary.schema.json, beside this file.
# Every fact must come from the published report or its press release.

title: ""          # required: the headline

subject: ""        # required: the organisation or service reviewed
# language: cy     # the summary's language (BCP 47); without it, British English (en-GB)

review:            # required: the report this summarises
  title: ""        # required: the report's own title
  publisher: ""    # required: short name, e.g. HMICFRS
  # publisher_full: His Majesty's Inspectorate of Constabulary and Fire & Rescue Services
  # type: Post-inspection review
  # published: 2024-03-15          # YYYY-MM-DD
  # previous_inspection: 2019
  # url: https://www.example.gov.uk/report   # http or https only

summary: ""        # required: a one-paragraph lede

# At least one of progress, concerns, judgements or recommendations needs an entry.
progress:          # what has improved: a line each, or a point with detail
  - point: ""
    detail: ""

concerns:          # what still needs to improve
  - ""

# judgements:      # graded areas
#   - {area: Preventing crime, grade: Good}
# recommendations:
#   - ""
# key_facts:       # big numbers: up to four fit in a row on the fact sheet
#   - {value: "87%", label: of calls answered within 10 seconds}
# quotes:          # paragraphs separated by a blank line
#   - speaker: ""
#     role: ""
#     sheet: 1      # the paragraph the fact sheet shows (one quote at most)
#     text: |
#       ""
# next_steps:
#   - ""
# contact: {name: "", phone: "", email: "", url: ""}
# marking: OFFICIAL   # protective marking, printed at the top and bottom of each page
# labels:           # headings, if the defaults for the review's type do not suit
#   progress: Strengths
#   concerns: Areas for improvement
"""
