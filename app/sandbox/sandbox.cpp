#include "sandbox/sandbox.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <cmath>

namespace fw::sandbox {

namespace {

qint64 startOf(const SandboxOptions &options)
{
    if (options.startUs != 0)
        return options.startUs;
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

} // namespace

int Sandbox::stepSecondsFor(double speed)
{
    // About four steps a wall second at high speeds, never finer than a simulated minute.
    return int(std::clamp(std::lround(speed * 0.25), 60L, 900L));
}

Sandbox::Sandbox(const SandboxOptions &options, QObject *parent)
    : QObject(parent)
    , m_clock(startOf(options), options.speed, options.manualClock)
{
    FleetOptions fleetOptions;
    fleetOptions.routers = std::clamp(options.routers, 0, kMaxRouters);
    fleetOptions.seed = options.seed;
    fleetOptions.startUs = m_clock.nowUs();
    fleetOptions.stepSeconds = options.stepSeconds > 0 ? options.stepSeconds : stepSecondsFor(options.speed);

    m_fleet = std::make_unique<Fleet>(fleetOptions);
    m_resources = std::make_unique<FleetResources>(*m_fleet);
    m_engine = new AlertEngine(*m_fleet, *m_resources, m_clock, options.seed, this);
    m_engine->setIgnoreTlsErrors(options.ignorePushTlsErrors);
    ApiOptions apiOptions = options.api;
    apiOptions.seed = options.seed;
    m_api = std::make_unique<SandboxApi>(*m_fleet, *m_resources, *m_engine, m_clock, apiOptions);

    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &Sandbox::tick);
}

Sandbox::~Sandbox()
{
    m_timer.stop();
    delete m_engine;   // before the fleet it refers to
    m_engine = nullptr;
}

void Sandbox::start()
{
    m_timer.start();
}

void Sandbox::tick()
{
    // A time budget keeps the API answering when a big fleet cannot keep up with the
    // clock; the fleet then lags behind (stats show fleet_time) but stays deterministic.
    const qint64 now = m_clock.nowUs();
    QElapsedTimer budget;
    budget.start();
    for (int i = 0; i < kMaxStepsPerTick && m_fleet->timeUs() + m_fleet->stepUs() <= now
                    && (m_clock.isManual() || budget.elapsed() < kTickBudgetMs);
         ++i) {
        const QList<SimEvent> events = m_fleet->step();
        for (const SimEvent &event : events)
            m_engine->raise(event);
    }
    m_engine->poll();
}

void Sandbox::advance(qint64 simUs)
{
    // Small slices, so retries due in the middle of a long advance happen on time.
    const qint64 slice = m_fleet->stepUs();
    for (qint64 done = 0; done < simUs; done += slice) {
        m_clock.advance(std::min(slice, simUs - done));
        tick();
    }
}

} // namespace fw::sandbox
