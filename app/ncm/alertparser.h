#pragma once

#include "ncm/alert.h"

#include <QByteArrayView>
#include <QJsonObject>

#include <optional>

namespace fw::ncm {

struct PushParseResult
{
    QList<Alert> alerts;
    QString error; // one sentence for the operator and the HTTP 400 body; empty when ok
    bool ok() const { return error.isEmpty(); }
};

// Accepts {"data": [alert, ...]} and a bare alert object. A body with any malformed alert
// is refused whole, so a 400 never leaves half a push stored.
PushParseResult parsePush(QByteArrayView body);

// One alert object, as found in a push or in an alerts/ page.
std::optional<Alert> parseAlert(const QJsonObject &object, QString *error = nullptr);

// ISO-8601 as NCM writes it: with or without microseconds, "+00:00" or "Z". Invalid on error.
QDateTime parseTime(QStringView text);

// Like parseTime() but to microseconds since the epoch, UTC; nullopt on error. Fractions longer
// than six digits are truncated, offsets are applied, a missing offset means UTC.
std::optional<qint64> parseTimeMicros(QStringView text);

// Microseconds since the epoch as ISO-8601 UTC with six fraction digits and "Z".
QString formatTimeMicros(qint64 usec);

// router_details as an object; missing or non-object -> all empty. Numbers become text.
RouterDetails parseRouterDetails(const QJsonValue &value);

// An alert as NCM would send it, for alerts made without a JSON original (local, tests).
QByteArray alertToJson(const Alert &alert);

// A field as text: strings as they are, numbers and booleans written out, else empty.
QString stringField(const QJsonObject &object, QLatin1StringView key);

// "https://www.cradlepointecm.com/api/v2/routers/123/" -> "123"; "123" -> "123"; null -> "".
QString idFromReference(const QJsonValue &value);

} // namespace fw::ncm
