#pragma once

#include <QDateTime>
#include <QElapsedTimer>

namespace fw::api {

// The time the API client plans with. A speed factor above 1 makes every schedule
// (retries, reconciliation, back-fill) run that many times faster, for demos and
// benchmarks (--clock-speed X). All delays handed around in fw::api are simulated ms.
class Clock
{
public:
    virtual ~Clock() = default;

    virtual QDateTime now() const = 0; // UTC, simulated
    virtual double speed() const = 0;

    // Real milliseconds a timer must run for a simulated delay.
    qint64 realMs(qint64 simulatedMs) const;
};

class SystemClock final : public Clock
{
public:
    explicit SystemClock(double speed = 1.0, const QDateTime &origin = QDateTime::currentDateTimeUtc());

    QDateTime now() const override;
    double speed() const override { return m_speed; }

private:
    double m_speed;
    QDateTime m_origin;
    QElapsedTimer m_elapsed;
};

} // namespace fw::api
