"""VB365 REST API simulator (tests/simulator/README.md)."""
