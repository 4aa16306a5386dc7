"""Response cache for the catalogue API, kept in Redis."""

import hashlib
import pickle

import redis

client = redis.Redis()


def cache_key(path, params):
    raw = path + repr(sorted(params.items()))
    return "catalogue:" + hashlib.md5(raw.encode()).hexdigest()


def load(key):
    data = client.get(key)
    return pickle.loads(data) if data else None


def save(key, value):
    client.set(key, pickle.dumps(value), ex=300)
