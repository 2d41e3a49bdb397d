"""What both programs run: domain, rules, clock, text, durable files and sync formats."""
