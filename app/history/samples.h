#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <limits>

// Time series of one router, as net_device_signal_samples/, batteries/ and the store give them.
namespace fw::history {

constexpr double NoValue = std::numeric_limits<double>::quiet_NaN(); // a field the sample lacks

struct SignalSample
{
    qint64 atMs = 0;       // UTC milliseconds since the epoch (created_at)
    double rsrp = NoValue; // dBm
    double rsrq = NoValue; // dB
    double sinr = NoValue; // dB
};

struct BatterySample
{
    qint64 atMs = 0;
    double charge = NoValue; // percent (rsoc)
};

struct StateChange
{
    qint64 atMs = 0;
    QString state; // "online", "offline", "initialized"
    QString cause; // the alert title that changed it
};

struct RouterHistory
{
    QString routerId;
    QList<SignalSample> signal;   // oldest first
    QList<BatterySample> battery; // oldest first
    QList<StateChange> states;    // oldest first
    QString error;                // one sentence when (part of) the history could not be loaded
};

// Signal quality bands (dBm of RSRP, dB of SINR) used by the charts and tiles.
struct SignalBands
{
    static constexpr double RsrpGood = -90;  // at or above: good
    static constexpr double RsrpFair = -105; // at or above: fair; below: poor
    static constexpr double SinrGood = 13;
    static constexpr double SinrFair = 0;

    enum class Quality { Unknown, Poor, Fair, Good };
    static Quality rsrpQuality(double rsrp);
};

} // namespace fw::history

Q_DECLARE_METATYPE(fw::history::RouterHistory)
Q_DECLARE_METATYPE(fw::history::SignalSample)
Q_DECLARE_METATYPE(fw::history::BatterySample)
