#pragma once

#include "ncm/catalogue.h"
#include "store/event.h"

#include <QJsonObject>

namespace fw::fleet::test {

// A committed event of type for router at second t (UTC) with an optional info.state.
inline store::Event makeEvent(const QString &router, const QString &type, int t, const QString &state = {},
                          qint64 seq = 0)
{
    using namespace Qt::Literals::StringLiterals;
    store::Event event;
    event.seq = seq;
    event.alert.type = type;
    event.alert.routerId = router;
    event.alert.routerDetails.name = u"BUS-"_s + router;
    event.alert.routerDetails.serialNumber = u"SN-"_s + router;
    event.alert.detectedAt = QDateTime::fromSecsSinceEpoch(1'793'000'000 + t, Qt::UTC);
    event.alert.detectedAtUsec = event.alert.detectedAt.toMSecsSinceEpoch() * 1000;
    if (!state.isEmpty())
        event.alert.info = QJsonObject{{u"state"_s, state}};
    ncm::Catalogue::instance().classify(event);
    return event;
}

} // namespace fw::fleet::test
