"""reportgen: build official Chinese government reports in Word from Excel data and Word templates."""

__version__ = "0.1.0"
