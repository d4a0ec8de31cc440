"""Reading regulation files (PDF, HTML, Markdown, text) into clean lines of body text."""
