"""Media types of the data a report notebook records beside what it shows, for the report runner to read
(so the runner never parses localised headings)."""

#: The answer's claims and its one-line answer (:func:`icdd_analysis.present.answer_html.show_answer`), read by
#: :func:`icdd_analysis.report.render.report_answer` for the index.
ANSWER_MIME = "application/vnd.icdd.answer+json"
