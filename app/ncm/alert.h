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
};

} // namespace fw::ncm
