"""Import of registers (Excel/CSV) and streaming exports."""
