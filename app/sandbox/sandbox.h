#pragma once

#include "sandbox/alertengine.h"
#include "sandbox/fleet.h"
#include "sandbox/fleetresources.h"
#include "sandbox/sandboxapi.h"
#include "sandbox/simclock.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace fw::sandbox {

struct SandboxOptions
{
    int routers = 250;
    quint64 seed = 1;
    double speed = 1.0;
    qint64 startUs = 0;          // simulated start; 0: now
    int stepSeconds = 0;         // 0: chosen from the speed
    bool manualClock = false;    // tests: time moves only through advance()
    bool ignorePushTlsErrors = false;
    ApiOptions api;
};

// The whole emulator without a transport: simulated clock, fleet, alert engine and API,
// driven by a timer that catches the fleet up with simulated time.
class Sandbox final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRouters = 100000;
    static constexpr int kTickMs = 100;
    static constexpr int kMaxStepsPerTick = 50;
    static constexpr int kTickBudgetMs = 40;

    explicit Sandbox(const SandboxOptions &options, QObject *parent = nullptr);
    ~Sandbox() override;
    Q_DISABLE_COPY_MOVE(Sandbox)

    SimClock &clock() { return m_clock; }
    Fleet &fleet() { return *m_fleet; }
    AlertEngine &engine() { return *m_engine; }
    SandboxApi &api() { return *m_api; }

    void start();
    // Runs the fleet up to the clock's time (at most kMaxStepsPerTick steps) and due pushes.
    void tick();
    // Manual clock: moves simulated time and runs everything that falls due.
    void advance(qint64 simUs);

    static int stepSecondsFor(double speed);

private:
    SimClock m_clock;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<FleetResources> m_resources;
    AlertEngine *m_engine;
    std::unique_ptr<SandboxApi> m_api;
    QTimer m_timer;
};

} // namespace fw::sandbox
