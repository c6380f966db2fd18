"""Everything a person sees, rendered from plain data: message texts and keyboards, report texts,
the workbook, charts, the certificate image and progress bars.

Handlers call a service and hand its result to a renderer here; the sender and the jobs take
their texts from here too. Nothing here reads the database or knows about handlers.
"""
