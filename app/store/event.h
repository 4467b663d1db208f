#pragma once

#include "ncm/alert.h"

#include <QByteArray>
#include <QDateTime>

namespace fw::store {

enum class Severity : quint8 { Info = 0, Warning = 1, Critical = 2 };

// Where an event entered Fleetwall.
enum class Source : quint8 {
    Push = 0,     // webhook to the embedded listener
    Relay = 1,    // streamed by fleetwall-relay
    Backfill = 2, // fetched from alerts/
    Local = 3,    // raised by Fleetwall itself (geofence crossing seen locally)
};

struct Event
{
    qint64 seq = 0;            // assigned by the store on commit; only grows
    ncm::Alert alert;
    QString category;          // from the catalogue; "Other" for an unknown type
    Severity severity = Severity::Info;
    QString title;             // human title from the catalogue; the identifier when unknown
    QDateTime receivedAt;      // UTC, when Fleetwall first saw it
    Source source = Source::Push;
    bool signatureVerified = false;
    QByteArray dedupKey;       // see dedupKey() in store/dedup.h
};

} // namespace fw::store

Q_DECLARE_METATYPE(fw::store::Event)
