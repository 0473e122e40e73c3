from __future__ import annotations

from models import messaging as messaging_models
from resolvers.loaders.base import ByForeignKeyLoader, ByIdLoader


class MessageByIdLoader(ByIdLoader[messaging_models.Message]):
    model = messaging_models.Message


class DeliveriesByMessageIdLoader(ByForeignKeyLoader[int, messaging_models.MessageDelivery]):
    model = messaging_models.MessageDelivery
    column = messaging_models.MessageDelivery.message_id


class DeliveryByIdLoader(ByIdLoader[messaging_models.MessageDelivery]):
    model = messaging_models.MessageDelivery
