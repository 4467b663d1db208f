#pragma once

#include "ncm/catalogue.h"
#include "store/event.h"

#include <QJsonObject>
#include <QString>

// Events as the ingest path makes them, for store tests and the store benchmark.
namespace fw::store::test {

inline Event makeEvent(int n, const QString &type = QStringLiteral("wwan_disconnected"),
                       const QString &router = {})
{
    using namespace Qt::Literals::StringLiterals;
    Event event;
    ncm::Alert &alert = event.alert;
    alert.type = type;
    alert.routerId = router.isEmpty() ? QString::number(1000 + n % 50) : router;
    alert.accountId = u"55"_s;
    alert.routerDetails.name = u"BUS-"_s + alert.routerId;
    alert.routerDetails.serialNumber = u"SN"_s + alert.routerId;
    alert.detectedAtUsec = 1'793'000'000'000'000 + qint64(n) * 37'001;
    alert.detectedAt = QDateTime::fromMSecsSinceEpoch(alert.detectedAtUsec / 1000, Qt::UTC);
    alert.friendlyInfo = u"Modem on BUS-%1 disconnected, carrier Verizon."_s.arg(alert.routerId);
    alert.info = QJsonObject{{u"port"_s, u"int1"_s}, {u"carrier"_s, u"Verizon"_s}, {u"n"_s, n}};
    event.signatureVerified = true;
    ncm::Catalogue::instance().classify(event);
    return event;
}

} // namespace fw::store::test
