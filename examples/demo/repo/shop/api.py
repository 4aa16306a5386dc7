"""Catalogue API handlers."""

import time


async def reindex(catalogue, index):
    for item in catalogue:
        index.add(item)
        time.sleep(0.05)
    print("reindexed", len(catalogue), "items")
