"""Reports: roadmap, burn-down and weekly report as plain data, rendered through templates/."""
