#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

// The NCM alert as pushed by a webhook or returned by alerts/ (shared/ncm-facts.md, section 2).
namespace fw::ncm {

struct RouterDetails
{
    QString name;
    QString description;
    QString mac;
    QString serialNumber;
    QString assetId;
    QString custom1;
    QString custom2;
};

struct Alert
{
    QString type;              // NCM identifier such as "wwan_connected"; unknown ones are kept
    QString routerId;          // last path segment of the router URL, or the id itself; empty if null
    QString accountId;         // same rule as routerId; empty if absent
    RouterDetails routerDetails;
    QDateTime detectedAt;      // UTC
    QDateTime createdAt;       // UTC; invalid when absent
    QString createdAtTimeuuid; // empty when absent
    QString friendlyInfo;
    QJsonValue info;           // an object when NCM sent one or a string holding JSON; else the text
    QByteArray json;           // the alert object exactly as received (compact), unknown fields kept

    // Added by the store helper: QDateTime holds milliseconds only, NCM sends microseconds.
    qint64 detectedAtUsec = 0; // detectedAt in microseconds since the epoch, UTC; 0 when unset

    // Microseconds since the epoch, falling back to detectedAt when detectedAtUsec was not set
    // (or disagrees with it, e.g. after detectedAt was changed by hand).
    qint64 detectedAtMicros() const
    {
        const qint64 ms = detectedAt.isValid() ? detectedAt.toMSecsSinceEpoch() : 0;
        const qint64 usecMs = detectedAtUsec >= 0 ? detectedAtUsec / 1000 : (detectedAtUsec - 999) / 1000;
        return usecMs == ms ? detectedAtUsec : ms * 1000;
    }
};

} // namespace fw::ncm
