#pragma once

#include "ncm/alert.h"

#include <QByteArray>
#include <QJsonValue>

namespace fw::store {

// The content key under which the store keeps an alert once (ncm-facts.md, "Replay protection"):
// "t:" + created_at_timeuuid when NCM sent one, else "h:" + hex SHA-256 over the router id, the
// type, detected_at in UTC microseconds and the canonical info.
QByteArray dedupKey(const ncm::Alert &alert);

// Compact JSON with object keys sorted at every depth (QJsonObject keeps its keys sorted), also
// for a scalar, e.g. "text" -> "\"text\"", null -> "null".
QByteArray canonicalJson(const QJsonValue &value);

// The inverse of canonicalJson(); undefined for empty or invalid text.
QJsonValue jsonValueFromText(const QByteArray &text);

} // namespace fw::store
