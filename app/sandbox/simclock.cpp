#include "sandbox/simclock.h"

#include <cmath>

namespace fw::sandbox {

SimClock::SimClock(qint64 startUs, double speed)
    : m_startUs(startUs)
    , m_speed(speed > 0 ? speed : 1.0)
{
    m_wall.start();
}

qint64 SimClock::nowUs() const
{
    if (m_manual)
        return m_manualUs;
    const double elapsedUs = double(m_wall.nsecsElapsed()) / 1000.0;
    return m_startUs + qint64(std::llround(elapsedUs * m_speed));
}

void SimClock::setManual(bool manual)
{
    if (manual == m_manual)
        return;
    if (manual) {
        m_manualUs = nowUs();
    } else {
        m_startUs = m_manualUs;
        m_wall.restart();
    }
    m_manual = manual;
}

void SimClock::advance(qint64 deltaUs)
{
    if (m_manual)
        m_manualUs += deltaUs;
    else
        m_startUs += deltaUs;
}

qint64 SimClock::wallMsFor(qint64 simUs) const
{
    return qint64(std::ceil(double(simUs) / 1000.0 / m_speed));
}

} // namespace fw::sandbox
