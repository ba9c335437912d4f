from django.dispatch import Signal

# Sent after commit with `run` (a QualityRun whose verdict is failed or error).
rule_failed = Signal()
