"""Rules as data: the rule files, their schema, and the loaded rule book."""
