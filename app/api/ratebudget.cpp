#include "api/ratebudget.h"

#include "api/clock.h"

#include <algorithm>
#include <cmath>

namespace fw::api {

RateBudget::RateBudget(const BudgetConfig &config, const Clock *clock)
    : m_config{std::max(1, config.callsPerMinute), std::max(1, config.burst)}
    , m_clock(clock)
    , m_tokens(m_config.burst)
    , m_last(clock->now())
{
}

void RateBudget::refill()
{
    const QDateTime now = m_clock->now();
    const qint64 elapsedMs = std::max<qint64>(0, m_last.msecsTo(now));
    m_last = now;
    const double perMs = m_config.callsPerMinute / 60000.0;
    m_tokens = std::min<double>(m_config.burst, m_tokens + elapsedMs * perMs);
}

qint64 RateBudget::reserve()
{
    refill();
    m_tokens -= 1.0;
    if (m_tokens >= 0)
        return 0;
    const double perMs = m_config.callsPerMinute / 60000.0;
    return static_cast<qint64>(std::ceil(-m_tokens / perMs));
}

} // namespace fw::api
