# "Recovered by collection" reporting (negotiation issue) lives here.
