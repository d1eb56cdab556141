"""The partner 5W cycle: templates, uploads, review, reach."""
