"""Shop service: order worker, response cache and catalogue API (the reviewctl demo project)."""
