"""Alongside: practice software for anti-oppressive therapy."""
