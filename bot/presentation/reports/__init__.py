"""A staff report rendered for people: chat messages (`summary`), the workbook and CSV tables
(`export`), charts (`charts`), figures in words (`fmt`) and download names (`naming`)."""
