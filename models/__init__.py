"""The shipped default model (trained on data/labeled); installed as package data."""
