"""The call desk for a renovation company's customer-service clerks."""

__version__ = "0.1.0"
