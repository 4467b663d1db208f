#include "api/clock.h"

#include <cmath>

namespace fw::api {

qint64 Clock::realMs(qint64 simulatedMs) const
{
    if (simulatedMs <= 0)
        return 0;
    return static_cast<qint64>(std::ceil(static_cast<double>(simulatedMs) / speed()));
}

SystemClock::SystemClock(double speed, const QDateTime &origin)
    : m_speed(speed > 0 ? speed : 1.0)
    , m_origin(origin.toUTC())
{
    m_elapsed.start();
}

QDateTime SystemClock::now() const
{
    const double simulatedMs = static_cast<double>(m_elapsed.nsecsElapsed()) / 1e6 * m_speed;
    return m_origin.addMSecs(static_cast<qint64>(simulatedMs));
}

} // namespace fw::api
