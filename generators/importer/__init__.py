"""`precis import`: a first draft of a summary from a review's press release.

Content flows one way: a source (a text, web page, Word file, PDF, standard input or web
address) is read into plain paragraphs (`sources`, `fetch`, `paragraphs`); small recognisers,
one per concern, find the release's parts in them (`headline`, `publishers`, `dates`,
`quotes`, `contact`, `judgements`, `key_facts`, `findings`), `release` gathers what they
found into a `Draft`, and `draft` writes it as commented YAML for a person to finish.

The recognisers are Precis's own rules, written for the way inspectorates and auditors write
releases; libraries do the reading (trafilatura, python-docx, pdfminer.six).
"""
