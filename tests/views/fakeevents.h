#pragma once

#include "store/event.h"

#include <QString>

// Builds classified events for the view tests without the store.
namespace fw::testing {

inline store::Event makeEvent(qint64 seq, const QString &router, const QString &type, store::Severity severity,
                              const QDateTime &detectedAt, const QString &category = QStringLiteral("Modem"),
                              const QString &message = {})
{
    store::Event event;
    event.seq = seq;
    event.alert.type = type;
    event.alert.routerId = router;
    event.alert.routerDetails.name = QStringLiteral("Router ") + router;
    event.alert.detectedAt = detectedAt;
    event.alert.friendlyInfo = message.isEmpty() ? type + QStringLiteral(" on ") + router : message;
    event.category = category;
    event.severity = severity;
    event.title = type;
    event.receivedAt = detectedAt;
    return event;
}

} // namespace fw::testing
