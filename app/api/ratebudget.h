#pragma once

#include <QDateTime>

namespace fw::api {

class Clock;

// Token bucket over simulated time. In any minute at most burst + callsPerMinute calls
// leave, so the defaults (50 + 400) stay under the ~500 calls/min NCM was seen to allow.
struct BudgetConfig
{
    int callsPerMinute = 400;
    int burst = 50;
};

class RateBudget final
{
public:
    RateBudget(const BudgetConfig &config, const Clock *clock);

    // Takes one token and returns the simulated ms the caller must wait before calling.
    // Tokens may go negative: later callers queue behind earlier ones.
    qint64 reserve();
    const BudgetConfig &config() const { return m_config; }

private:
    void refill();

    BudgetConfig m_config;
    const Clock *m_clock;
    double m_tokens;
    QDateTime m_last;
};

} // namespace fw::api
