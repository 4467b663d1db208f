#pragma once

#include "store/event.h"

#include <QDateTime>
#include <QGeoCoordinate>
#include <QHash>
#include <QString>

#include <array>
#include <optional>

namespace fw::fleet {

// A router's connection to NCM (routers/ field "state", or connection-state alerts).
enum class OnlineState : quint8 { Unknown = 0, Online, Offline, Initialized };

// "online", "offline", "initialized" -> the state; anything else -> Unknown.
OnlineState onlineStateFromName(QStringView name);
QString onlineStateName(OnlineState state);

// What an API sync knows about a router. Empty strings and unset optionals leave the current
// value alone, so a partial sync (fields=...) never blanks what a push told us.
struct RouterInfo
{
    QString id;
    QString name;
    QString description;
    QString serialNumber;
    QString mac;
    QString assetId;
    QString productName;
    QString groupId;
    QString groupName;
    QString accountId;
    std::optional<OnlineState> state;
    QDateTime stateUpdatedAt; // UTC; an older state than the one known is ignored
    QString ipv4Address;
};

// The radio side of a router, from net_devices/ and net_device_metrics/. Unset values leave
// what is known alone.
struct RadioInfo
{
    QString modemId;
    std::optional<double> rsrp, rsrq, sinr;
    std::optional<int> signalPercent;
    QString carrier;
    QString band;
};

// One router as the dashboard shows it.
struct Router
{
    QString id;
    QString name;
    QString description;
    QString serialNumber;
    QString mac;
    QString assetId;
    QString productName;
    QString groupId;
    QString groupName;
    QString accountId;

    OnlineState state = OnlineState::Unknown;
    QDateTime stateChangedAt;

    QGeoCoordinate position;   // invalid when unknown
    QDateTime positionAt;
    double positionAccuracyM = qQNaN();
    int signalPercent = -1;    // 0-100, -1 unknown
    int batteryPercent = -1;   // 0-100, -1 unknown or no battery

    // The primary cellular modem, from the API sync; NaN / empty when unknown.
    QString modemId;
    double rsrp = qQNaN();     // dBm
    double rsrq = qQNaN();     // dB
    double sinr = qQNaN();     // dB
    QString carrier;
    QString band;
    QString ipv4Address;

    QDateTime lastEventAt;     // detected_at of the newest event
    QString lastEventType;
    QString lastEventTitle;
    QString lastEventCategory;
    store::Severity lastEventSeverity = store::Severity::Info;
    qint64 lastEventSeq = 0;

    QHash<QString, store::Severity> openAlerts; // type -> severity, until cleared
    bool acknowledged = false; // TODO: placeholder until acknowledgement (issue 4) lands

    // Open alerts per severity, indexed by int(store::Severity).
    std::array<int, 3> openBySeverity() const;
    int openCount() const { return int(openAlerts.size()); }
    // The worst open severity; nullopt when nothing is open.
    std::optional<store::Severity> worstOpen() const;
    QString displayName() const { return name.isEmpty() ? id : name; }
};

} // namespace fw::fleet
