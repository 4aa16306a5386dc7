"""Order worker: takes orders off the queue and charges cards."""

import logging
import time

log = logging.getLogger(__name__)


def charge(order, gateway):
    log.info("charging card %s for order %s", order.card_number, order.id)
    for attempt in range(3):
        try:
            return gateway.charge(order.card_number, order.total)
        except:
            time.sleep(2**attempt)
    raise RuntimeError(f"charging order {order.id} failed")


def refund(order, gateway):
    gateway.refund(order.charge_id)
