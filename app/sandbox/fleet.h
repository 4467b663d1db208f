#pragma once

#include "sandbox/simrandom.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace fw::sandbox {

struct FleetOptions
{
    int routers = 250;
    quint64 seed = 1;
    qint64 startUs = 0;      // simulated time of the fleet's creation
    int stepSeconds = 60;    // one simulation step; events happen on step boundaries
};

// Something that happened to a router; the alert engine turns it into an NCM alert.
struct SimEvent
{
    qint64 timeUs = 0;
    int router = -1;         // index into Fleet::routers(), -1 for none
    QString type;            // NCM alert type identifier
    QString friendlyInfo;
    QJsonObject info;
};

struct Product
{
    QString name;            // full_product_name
    bool battery = false;
    bool mobile = false;     // vehicles: moves along paths
    int modems = 1;
    QString modemModel;
};

struct Account
{
    QString id;
    QString name;
};

struct Group
{
    QString id;
    QString name;
    int account = 0;
    int product = 0;
};

enum class RouterState : quint8 { Initialized, Online, Offline };

struct SignalSample
{
    qint64 timeUs = 0;
    float rsrp = 0;
    float rsrq = 0;
    float sinr = 0;
};

struct StateSample
{
    qint64 timeUs = 0;
    RouterState state = RouterState::Online;
};

struct Position
{
    qint64 timeUs = 0;
    double latitude = 0;
    double longitude = 0;
    float mph = 0;
};

struct Modem
{
    qint64 id = 0;
    int router = 0;
    int carrier = 0;
    bool connected = true;
    bool lte = true;          // false: degraded to 3G
    float rsrp = -90, rsrq = -10, sinr = 12;
    float baseRsrp = -90, baseSinr = 12;
    float degradationDb = 0;  // subtracted from the baselines while degraded
    qint64 degradedUntilUs = 0;
    qint64 updatedUs = 0;
    int cellId = 0;
    std::vector<SignalSample> samples; // ring buffer
    int sampleHead = 0;
};

struct Battery
{
    float rsoc = 100;         // percent
    bool onWall = true;
    qint64 wallBackUs = 0;    // when wall power returns after a cut
    float temp = 30;
    int health = 100;
    qint64 updatedUs = 0;
    bool lowSent = false;
};

struct Router
{
    qint64 id = 0;
    int group = 0;
    int city = 0;
    QString name;
    QString description;
    QString assetId;
    QString custom1;
    QString custom2;
    RouterState state = RouterState::Online;
    qint64 stateUpdatedUs = 0;
    qint64 offlineUntilUs = 0;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;
    double homeLat = 0, homeLon = 0;
    double lat = 0, lon = 0;
    double targetLat = 0, targetLon = 0;
    float mph = 0;
    float altitude = 0;
    qint64 locationUpdatedUs = 0;
    int firstModem = 0;
    int modemCount = 0;
    int battery = -1;
    int configVersion = 1;
    bool tunnelUp = true;
    std::vector<StateSample> stateSamples;
    std::vector<Position> track;       // vehicles only, ring buffer
    int trackHead = 0;
};

// The simulated fleet: accounts, groups, routers with modems and batteries, and the
// deterministic step function that moves it through simulated time.
class Fleet final
{
public:
    explicit Fleet(const FleetOptions &options);
    Q_DISABLE_COPY_MOVE(Fleet)

    // Advances one step and returns what happened, sorted by time.
    QList<SimEvent> step();
    qint64 timeUs() const { return m_timeUs; }
    qint64 stepUs() const { return m_stepUs; }

    static const QList<Product> &products();
    static const QStringList &carriers();

    const QList<Account> &accounts() const { return m_accounts; }
    const QList<Group> &groups() const { return m_groups; }
    const std::vector<Router> &routers() const { return m_routers; }
    const std::vector<Modem> &modems() const { return m_modems; }
    const std::vector<Battery> &batteries() const { return m_batteries; }
    Router &router(int index) { return m_routers[size_t(index)]; }

    int routerIndex(qint64 id) const;   // -1 if unknown
    int modemIndex(qint64 id) const;    // -1 if unknown
    int groupIndex(QStringView id) const;
    int accountIndex(QStringView id) const;
    const Product &productOf(const Router &router) const;
    const Account &accountOf(const Router &router) const;

private:
    void createAccountsAndGroups();
    void createRouter(int index);
    void createModem(Router &router, int routerIndex);
    void placeNear(Router &router, double radiusKm);

    void stepRouter(int index, QList<SimEvent> &events);
    void stepState(int index, QList<SimEvent> &events);
    void stepModems(int index, QList<SimEvent> &events);
    void stepMotion(Router &router);
    void stepBattery(int index, QList<SimEvent> &events);
    void stepRareEvents(int index, QList<SimEvent> &events);
    void maybeRegionalOutage(QList<SimEvent> &events);
    void setState(int index, RouterState state, qint64 timeUs, QList<SimEvent> &events,
                  const QString &reason);
    void recordSample(Modem &modem, qint64 timeUs);
    void recordPosition(Router &router, qint64 timeUs);
    qint64 timeInStep();

    FleetOptions m_options;
    SimRandom m_random;
    qint64 m_timeUs;
    qint64 m_stepUs;
    int m_sampleCapacity;
    int m_trackCapacity;
    QList<Account> m_accounts;
    QList<Group> m_groups;
    QList<int> m_cityPool;              // city indices weighted by population
    std::vector<Router> m_routers;
    std::vector<Modem> m_modems;
    std::vector<Battery> m_batteries;
};

QString routerStateName(RouterState state);

} // namespace fw::sandbox
