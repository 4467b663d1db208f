#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace fw::sandbox {

// Simulated time in microseconds since the Unix epoch. Runs `speed` times faster than the
// wall clock, or only when advanced by hand (tests).
class SimClock final
{
public:
    // A manual clock starts frozen at startUs.
    SimClock(qint64 startUs, double speed, bool manual = false);

    qint64 nowUs() const;
    double speed() const { return m_speed; }

    // Manual mode freezes the clock at its current reading; advance() moves it.
    void setManual(bool manual);
    bool isManual() const { return m_manual; }
    void advance(qint64 deltaUs);

    // Wall-clock milliseconds that a simulated span takes at this speed.
    qint64 wallMsFor(qint64 simUs) const;

private:
    qint64 m_startUs;
    double m_speed;
    bool m_manual = false;
    qint64 m_manualUs = 0;
    QElapsedTimer m_wall;
};

} // namespace fw::sandbox
