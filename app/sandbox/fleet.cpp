#include "sandbox/fleet.h"

#include "sandbox/citytable.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

constexpr qint64 kRouterIdBase = 2100000;
constexpr qint64 kModemIdBase = 8500000;
constexpr qint64 kMinuteUs = 60LL * 1000000;
constexpr qint64 kHourUs = 60 * kMinuteUs;
constexpr int kStateSamples = 64;

struct GroupSpec
{
    int account;
    const char16_t *name;
    const char16_t *prefix;
    int product;
    int weight;
};

// Three customer accounts with the kinds of sites and vehicles NCM fleets usually hold.
constexpr GroupSpec kGroupSpecs[] = {
    {0, u"Buses", u"BUS", 1, 30},
    {0, u"Paratransit vans", u"VAN", 0, 12},
    {0, u"Depots", u"DEPOT", 4, 4},
    {1, u"Stores", u"STORE", 3, 24},
    {1, u"Kiosks", u"KIOSK", 6, 8},
    {1, u"Pop-up sites", u"POPUP", 7, 6},
    {2, u"Substations", u"SUB", 5, 6},
    {2, u"Field crews", u"CREW", 2, 6},
    {2, u"Sensors", u"SENS", 8, 4},
};
constexpr const char16_t *kAccountNames[] = {u"Harbor Transit", u"Cityline Retail",
                                             u"Northgrid Utilities"};

double kmToLat(double km) { return km / 111.2; }
double kmToLon(double km, double lat) { return km / (111.2 * std::max(0.1, std::cos(lat * M_PI / 180))); }

double distanceKm(double lat1, double lon1, double lat2, double lon2)
{
    const double dLat = (lat2 - lat1) * 111.2;
    const double dLon = (lon2 - lon1) * 111.2 * std::cos(lat1 * M_PI / 180);
    return std::hypot(dLat, dLon);
}

float clampf(double value, double low, double high) { return float(std::clamp(value, low, high)); }

} // namespace

QString routerStateName(RouterState state)
{
    switch (state) {
    case RouterState::Initialized: return u"initialized"_s;
    case RouterState::Online: return u"online"_s;
    case RouterState::Offline: return u"offline"_s;
    }
    return {};
}

const QList<Product> &Fleet::products()
{
    // Battery-equipped models are a simulation choice: NCM reports batteries only for
    // models that have one, and the sandbox needs some.
    static const QList<Product> list = {
        {u"IBR900-600M"_s, false, true, 1, u"MC7455"_s},
        {u"IBR1700-600M"_s, false, true, 2, u"EM7511"_s},
        {u"R1900-5GB"_s, false, true, 1, u"EM9191"_s},
        {u"E300-C18B"_s, false, false, 1, u"EM7411"_s},
        {u"E3000-C18B"_s, false, false, 2, u"EM7511"_s},
        {u"AER2200-600M"_s, false, false, 2, u"EM7511"_s},
        {u"CBA850LP6"_s, false, false, 1, u"MC7455"_s},
        {u"R920-5GB"_s, true, false, 1, u"EM9191"_s},
        {u"S700-C4D"_s, true, false, 1, u"EM7411"_s},
    };
    return list;
}

const QStringList &Fleet::carriers()
{
    static const QStringList list = {u"Verizon"_s, u"AT&T"_s, u"T-Mobile"_s, u"Vodafone"_s,
                                     u"Orange"_s, u"Telefonica"_s, u"Deutsche Telekom"_s};
    return list;
}

Fleet::Fleet(const FleetOptions &options)
    : m_options(options)
    , m_random(options.seed)
    , m_timeUs(options.startUs)
    , m_stepUs(qint64(std::max(1, options.stepSeconds)) * 1000000)
    , m_sampleCapacity(options.routers <= 2000 ? 288 : options.routers <= 20000 ? 48 : 12)
    , m_trackCapacity(options.routers <= 2000 ? 256 : options.routers <= 20000 ? 48 : 12)
{
    createAccountsAndGroups();
    m_routers.resize(size_t(std::max(0, options.routers)));
    for (int i = 0; i < options.routers; ++i)
        createRouter(i);
}

void Fleet::createAccountsAndGroups()
{
    const QList<City> &cities = CityTable::cities();
    for (int a = 0; a < int(std::size(kAccountNames)); ++a)
        m_accounts.append({QString::number(1001 + a), QString::fromUtf16(kAccountNames[a])});

    int groupNumber = 0;
    for (const GroupSpec &spec : kGroupSpecs) {
        m_groups.append({QString::number(3101 + groupNumber++), QString::fromUtf16(spec.name),
                         spec.account, spec.product});
    }

    // A fleet sits in a few dozen cities, big ones more often, so outages hit clusters.
    std::vector<double> cumulative;
    double total = 0;
    for (const City &city : cities) {
        total += std::sqrt(double(city.population));
        cumulative.push_back(total);
    }
    const int cityCount = std::clamp(m_options.routers / 8, 4, 400);
    for (int i = 0; i < cityCount && total > 0; ++i) {
        const double pick = m_random.uniform() * total;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), pick);
        m_cityPool.append(int(std::min<qsizetype>(it - cumulative.begin(), cities.size() - 1)));
    }
}

void Fleet::createRouter(int index)
{
    Router &router = m_routers[size_t(index)];
    router.id = kRouterIdBase + index;

    int totalWeight = 0;
    for (const GroupSpec &spec : kGroupSpecs)
        totalWeight += spec.weight;
    int pick = m_random.below(totalWeight);
    for (int g = 0; g < int(std::size(kGroupSpecs)); ++g) {
        pick -= kGroupSpecs[g].weight;
        if (pick < 0) {
            router.group = g;
            break;
        }
    }

    const GroupSpec &spec = kGroupSpecs[router.group];
    const QList<City> &cities = CityTable::cities();
    router.city = m_cityPool.isEmpty() ? -1 : m_cityPool[m_random.below(int(m_cityPool.size()))];
    const QString cityName = router.city >= 0 ? cities[router.city].name : u"Nowhere"_s;
    const QString number = QString::number(index + 1).rightJustified(5, u'0');
    router.name = QString::fromUtf16(spec.prefix) % u'-' % number;
    router.description = QString::fromUtf16(spec.name) % u", "_s % cityName;
    router.assetId = QString::fromUtf16(spec.prefix).left(2) % u"-A"_s % number;
    router.custom1 = cityName;
    router.custom2 = productOf(router).mobile ? u"route "_s % QString::number(1 + m_random.below(40))
                                             : QString();
    router.createdUs = m_timeUs - qint64(m_random.uniform(30, 900) * 24 * kHourUs);
    router.updatedUs = m_timeUs - qint64(m_random.uniform(0, 30) * 24 * kHourUs);
    router.stateUpdatedUs = m_timeUs - qint64(m_random.uniform(1, 240) * kHourUs);
    router.stateSamples.push_back({router.stateUpdatedUs, RouterState::Online});

    placeNear(router, productOf(router).mobile ? 15 : 8);
    router.altitude = float(m_random.uniform(2, 400));
    router.locationUpdatedUs = m_timeUs - qint64(m_random.uniform(1, 60) * kMinuteUs);
    if (productOf(router).mobile)
        router.track.reserve(size_t(m_trackCapacity));

    router.firstModem = int(m_modems.size());
    router.modemCount = productOf(router).modems;
    for (int m = 0; m < router.modemCount; ++m)
        createModem(router, index);

    if (productOf(router).battery) {
        router.battery = int(m_batteries.size());
        Battery battery;
        battery.rsoc = float(m_random.uniform(70, 100));
        battery.temp = float(m_random.uniform(22, 34));
        battery.health = 80 + m_random.below(21);
        battery.updatedUs = m_timeUs;
        m_batteries.push_back(battery);
    }
}

void Fleet::createModem(Router &router, int routerIndex)
{
    Modem modem;
    modem.id = kModemIdBase + qint64(m_modems.size());
    modem.router = routerIndex;
    modem.carrier = m_random.below(int(carriers().size()));
    modem.baseRsrp = float(m_random.uniform(-112, -72));
    modem.baseSinr = float(m_random.uniform(0, 24));
    modem.rsrp = modem.baseRsrp;
    modem.sinr = modem.baseSinr;
    modem.rsrq = clampf(-6 + (modem.rsrp + 80) * 0.15, -20, -3);
    modem.cellId = 10000000 + m_random.below(90000000);
    modem.updatedUs = m_timeUs;
    modem.samples.reserve(size_t(m_sampleCapacity));
    m_modems.push_back(std::move(modem));
    Q_UNUSED(router);
}

void Fleet::placeNear(Router &router, double radiusKm)
{
    const QList<City> &cities = CityTable::cities();
    const double cityLat = router.city >= 0 ? cities[router.city].latitude : 0;
    const double cityLon = router.city >= 0 ? cities[router.city].longitude : 0;
    const double distance = radiusKm * std::sqrt(m_random.uniform());
    const double bearing = m_random.uniform(0, 2 * M_PI);
    router.homeLat = cityLat + kmToLat(distance * std::cos(bearing));
    router.homeLon = cityLon + kmToLon(distance * std::sin(bearing), cityLat);
    router.lat = router.targetLat = router.homeLat;
    router.lon = router.targetLon = router.homeLon;
}

int Fleet::routerIndex(qint64 id) const
{
    const qint64 index = id - kRouterIdBase;
    return index >= 0 && index < qint64(m_routers.size()) ? int(index) : -1;
}

int Fleet::modemIndex(qint64 id) const
{
    const qint64 index = id - kModemIdBase;
    return index >= 0 && index < qint64(m_modems.size()) ? int(index) : -1;
}

int Fleet::groupIndex(QStringView id) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i].id == id)
            return i;
    }
    return -1;
}

int Fleet::accountIndex(QStringView id) const
{
    for (int i = 0; i < m_accounts.size(); ++i) {
        if (m_accounts[i].id == id)
            return i;
    }
    return -1;
}

const Product &Fleet::productOf(const Router &router) const
{
    return products()[m_groups[router.group].product];
}

const Account &Fleet::accountOf(const Router &router) const
{
    return m_accounts[m_groups[router.group].account];
}

QList<SimEvent> Fleet::step()
{
    QList<SimEvent> events;
    for (int i = 0; i < int(m_routers.size()); ++i)
        stepRouter(i, events);
    maybeRegionalOutage(events);
    m_timeUs += m_stepUs;

    std::stable_sort(events.begin(), events.end(),
                     [](const SimEvent &a, const SimEvent &b) { return a.timeUs < b.timeUs; });
    return events;
}

qint64 Fleet::timeInStep()
{
    return m_timeUs + qint64(m_random.uniform() * double(m_stepUs));
}

void Fleet::stepRouter(int index, QList<SimEvent> &events)
{
    Router &router = m_routers[size_t(index)];
    stepState(index, events);
    if (productOf(router).mobile)
        stepMotion(router);
    if (router.battery >= 0)
        stepBattery(index, events);
    if (router.state == RouterState::Online) {
        stepModems(index, events);
        stepRareEvents(index, events);
        router.locationUpdatedUs = m_timeUs;
    }
}

void Fleet::setState(int index, RouterState state, qint64 timeUs, QList<SimEvent> &events,
                     const QString &reason)
{
    Router &router = m_routers[size_t(index)];
    if (router.state == state)
        return;
    const RouterState previous = router.state;
    router.state = state;
    router.stateUpdatedUs = timeUs;
    if (router.stateSamples.size() >= size_t(kStateSamples))
        router.stateSamples.erase(router.stateSamples.begin());
    router.stateSamples.push_back({timeUs, state});

    const QString text = state == RouterState::Offline
        ? QString(u"Router "_s % router.name % u" lost its connection to NCM ("_s % reason % u")."_s)
        : QString(u"Router "_s % router.name % u" is connected to NCM again."_s);
    events.append({timeUs, index, u"connection_state"_s, text,
                   QJsonObject{{u"state"_s, routerStateName(state)},
                               {u"previous_state"_s, routerStateName(previous)},
                               {u"reason"_s, reason}}});
}

void Fleet::stepState(int index, QList<SimEvent> &events)
{
    Router &router = m_routers[size_t(index)];
    const double hours = double(m_stepUs) / double(kHourUs);
    if (router.state == RouterState::Offline) {
        const bool batteryDead = router.battery >= 0 && m_batteries[size_t(router.battery)].rsoc <= 0;
        if (router.offlineUntilUs <= m_timeUs + m_stepUs && !batteryDead)
            setState(index, RouterState::Online, std::max(m_timeUs, router.offlineUntilUs), events,
                     u"reconnected"_s);
        return;
    }

    const double roll = m_random.uniform();
    if (roll < 0.01 * hours) {
        const qint64 at = timeInStep();
        router.offlineUntilUs = at + qint64(m_random.uniform(5, 90) * double(kMinuteUs));
        setState(index, RouterState::Offline, at, events, u"connection lost"_s);
    } else if (roll < 0.012 * hours) {
        const qint64 at = timeInStep();
        router.offlineUntilUs = at + qint64(m_random.uniform(2, 4) * double(kMinuteUs));
        events.append({at, index, u"reboot_status_change"_s,
                       u"Router "_s % router.name % u" is rebooting."_s,
                       QJsonObject{{u"status"_s, u"rebooting"_s}, {u"reason"_s, u"watchdog"_s}}});
        setState(index, RouterState::Offline, at, events, u"reboot"_s);
    }
}

void Fleet::stepMotion(Router &router)
{
    const double hours = double(m_stepUs) / double(kHourUs);
    if (router.mph <= 0) {
        if (!m_random.chance(std::min(1.0, 2.0 * hours)))
            return;
        // A new leg: somewhere within 20 km of home, at town speeds.
        const double distance = 20 * std::sqrt(m_random.uniform());
        const double bearing = m_random.uniform(0, 2 * M_PI);
        router.targetLat = router.homeLat + kmToLat(distance * std::cos(bearing));
        router.targetLon = router.homeLon + kmToLon(distance * std::sin(bearing), router.homeLat);
        router.mph = float(m_random.uniform(12, 45));
    }

    const double travelKm = router.mph * 1.609344 * hours;
    const double remaining = distanceKm(router.lat, router.lon, router.targetLat, router.targetLon);
    if (remaining <= travelKm) {
        router.lat = router.targetLat;
        router.lon = router.targetLon;
        router.mph = 0;
    } else {
        const double f = travelKm / remaining;
        router.lat += (router.targetLat - router.lat) * f;
        router.lon += (router.targetLon - router.lon) * f;
    }
    recordPosition(router, m_timeUs + m_stepUs);
}

void Fleet::recordPosition(Router &router, qint64 timeUs)
{
    const Position position{timeUs, router.lat, router.lon, router.mph};
    if (router.track.size() < size_t(m_trackCapacity)) {
        router.track.push_back(position);
    } else {
        router.track[size_t(router.trackHead)] = position;
        router.trackHead = (router.trackHead + 1) % m_trackCapacity;
    }
}

void Fleet::recordSample(Modem &modem, qint64 timeUs)
{
    const SignalSample sample{timeUs, modem.rsrp, modem.rsrq, modem.sinr};
    if (modem.samples.size() < size_t(m_sampleCapacity)) {
        modem.samples.push_back(sample);
    } else {
        modem.samples[size_t(modem.sampleHead)] = sample;
        modem.sampleHead = (modem.sampleHead + 1) % m_sampleCapacity;
    }
}

void Fleet::stepModems(int index, QList<SimEvent> &events)
{
    Router &router = m_routers[size_t(index)];
    const double hours = double(m_stepUs) / double(kHourUs);
    const qint64 sampleTime = m_timeUs + m_stepUs;
    for (int m = router.firstModem; m < router.firstModem + router.modemCount; ++m) {
        Modem &modem = m_modems[size_t(m)];
        const auto wanId = [&modem] { return QString(u"mdm-"_s % QString::number(modem.id, 16)); };

        if (modem.degradedUntilUs > 0 && modem.degradedUntilUs <= sampleTime) {
            modem.degradationDb = 0;
            modem.degradedUntilUs = 0;
        } else if (modem.degradedUntilUs == 0 && m_random.chance(0.01 * hours)) {
            modem.degradationDb = float(m_random.uniform(15, 30));
            modem.degradedUntilUs = sampleTime + qint64(m_random.uniform(20, 240) * double(kMinuteUs));
        }

        // Bounded random walks pulled towards the (possibly degraded) baseline.
        const double targetRsrp = modem.baseRsrp - modem.degradationDb;
        const double targetSinr = modem.baseSinr - modem.degradationDb * 0.6;
        modem.rsrp = clampf(modem.rsrp + 0.2 * (targetRsrp - modem.rsrp) + 1.5 * m_random.normal(), -140, -44);
        modem.sinr = clampf(modem.sinr + 0.2 * (targetSinr - modem.sinr) + 1.0 * m_random.normal(), -20, 30);
        modem.rsrq = clampf(-6 + (modem.rsrp + 80) * 0.15 + 0.8 * m_random.normal(), -20, -3);
        modem.updatedUs = sampleTime;
        recordSample(modem, sampleTime);

        const bool lte = modem.rsrp > -118;
        if (lte != modem.lte && modem.connected) {
            modem.lte = lte;
            const QString from = lte ? u"3G"_s : u"LTE"_s;
            const QString to = lte ? u"LTE"_s : u"3G"_s;
            events.append({timeInStep(), index, u"wan_service_type"_s,
                           u"Modem "_s % wanId() % u" on "_s % router.name % u" changed from "_s % from
                               % u" to "_s % to % u"."_s,
                           QJsonObject{{u"wan_id"_s, wanId()}, {u"previous_service_type"_s, from},
                                       {u"service_type"_s, to}}});
        }

        if (modem.connected && m_random.chance(0.005 * hours)) {
            modem.connected = false;
            events.append({timeInStep(), index, u"wwan_disconnected"_s,
                           u"Modem "_s % wanId() % u" on "_s % router.name % u" disconnected."_s,
                           QJsonObject{{u"wan_id"_s, wanId()}, {u"carrier"_s, carriers()[modem.carrier]}}});
        } else if (!modem.connected && m_random.chance(0.35)) {
            modem.connected = true;
            events.append({timeInStep(), index, u"wwan_connected"_s,
                           u"Modem "_s % wanId() % u" on "_s % router.name % u" connected."_s,
                           QJsonObject{{u"wan_id"_s, wanId()}, {u"carrier"_s, carriers()[modem.carrier]},
                                       {u"service_type"_s, modem.lte ? u"LTE"_s : u"3G"_s}}});
        }
    }
}

void Fleet::stepBattery(int index, QList<SimEvent> &events)
{
    Router &router = m_routers[size_t(index)];
    Battery &battery = m_batteries[size_t(router.battery)];
    const double hours = double(m_stepUs) / double(kHourUs);
    battery.updatedUs = m_timeUs + m_stepUs;
    battery.temp = clampf(battery.temp + 0.3 * m_random.normal() + (30 - battery.temp) * 0.05, -10, 70);

    if (battery.onWall) {
        battery.rsoc = clampf(battery.rsoc + 25 * hours, 0, 100);
        if (m_random.chance(0.01 * hours)) {
            battery.onWall = false;
            battery.lowSent = false;
            battery.wallBackUs = m_timeUs + qint64(m_random.uniform(10, 300) * double(kMinuteUs));
            events.append({timeInStep(), index, u"backup_power_engaged"_s,
                           u"Router "_s % router.name % u" lost wall power and runs on battery."_s,
                           QJsonObject{{u"rsoc"_s, qRound(battery.rsoc)}}});
        }
        return;
    }

    if (battery.wallBackUs <= m_timeUs + m_stepUs) {
        battery.onWall = true;
        events.append({timeInStep(), index, u"wall_power_restored"_s,
                       u"Wall power is back on router "_s % router.name % u"."_s,
                       QJsonObject{{u"rsoc"_s, qRound(battery.rsoc)}}});
        return;
    }
    battery.rsoc = clampf(battery.rsoc - 22 * hours, 0, 100);
    if (battery.rsoc < 15 && !battery.lowSent) {
        battery.lowSent = true;
        events.append({timeInStep(), index, u"system_low_power"_s,
                       u"Battery of router "_s % router.name % u" is below 15%."_s,
                       QJsonObject{{u"rsoc"_s, qRound(battery.rsoc)}}});
    }
    if (battery.rsoc <= 0 && router.state == RouterState::Online) {
        router.offlineUntilUs = battery.wallBackUs;
        setState(index, RouterState::Offline, timeInStep(), events, u"battery depleted"_s);
    }
}

void Fleet::stepRareEvents(int index, QList<SimEvent> &events)
{
    Router &router = m_routers[size_t(index)];
    const double hours = double(m_stepUs) / double(kHourUs);
    if (!router.tunnelUp && m_random.chance(0.25)) {
        router.tunnelUp = true;
        events.append({timeInStep(), index, u"ipsec_tunnel_up"_s,
                       u"IPsec tunnel \"hq\" on "_s % router.name % u" is up."_s,
                       QJsonObject{{u"tunnel"_s, u"hq"_s}}});
    }

    double roll = m_random.uniform() / hours;
    const auto take = [&roll](double ratePerHour) {
        roll -= ratePerHour;
        return roll < 0;
    };
    const qint64 at = timeInStep();
    if (take(0.003)) {
        ++router.configVersion;
        events.append({at, index, u"configuration_change"_s,
                       u"Configuration of "_s % router.name % u" changed."_s,
                       QJsonObject{{u"config_version"_s, router.configVersion},
                                   {u"changed_by"_s, u"noc-admin"_s}}});
    } else if (take(0.0005)) {
        events.append({at, index, u"configuration_rejected"_s,
                       u"Router "_s % router.name % u" rejected a configuration."_s,
                       QJsonObject{{u"config_version"_s, router.configVersion + 1},
                                   {u"error"_s, u"invalid firewall rule"_s}}});
    } else if (take(0.002)) {
        events.append({at, index, u"login_success"_s, u"Administrator logged in to "_s % router.name % u"."_s,
                       QJsonObject{{u"username"_s, u"admin"_s},
                                   {u"ip_address"_s, QString(u"10.20."_s % QString::number(m_random.below(255))
                                        % u"."_s % QString::number(1 + m_random.below(254)))}}});
    } else if (take(0.0002)) {
        events.append({at, index, u"account_locked"_s,
                       u"Too many failed logins on "_s % router.name % u": account locked."_s,
                       QJsonObject{{u"username"_s, u"admin"_s}, {u"failed_attempts"_s, 5}}});
    } else if (take(0.001) && router.tunnelUp) {
        router.tunnelUp = false;
        events.append({at, index, u"ipsec_tunnel_down"_s,
                       u"IPsec tunnel \"hq\" on "_s % router.name % u" is down."_s,
                       QJsonObject{{u"tunnel"_s, u"hq"_s}}});
    } else if (take(0.0003)) {
        events.append({at, index, u"thermal_exceeds_limit"_s,
                       u"Router "_s % router.name % u" is too hot."_s,
                       QJsonObject{{u"temperature_c"_s, 78 + m_random.below(10)}}});
    } else if (take(0.0005)) {
        events.append({at, index, u"cpu_utilization"_s, u"CPU load on "_s % router.name % u" is high."_s,
                       QJsonObject{{u"cpu_percent"_s, 90 + m_random.below(10)}}});
    }
}

void Fleet::maybeRegionalOutage(QList<SimEvent> &events)
{
    const double hours = double(m_stepUs) / double(kHourUs);
    if (m_routers.empty() || !m_random.chance(hours / 12.0))
        return;

    // A carrier or power failure in one city takes every router there offline for a while.
    const int city = m_routers[size_t(m_random.below(int(m_routers.size())))].city;
    const qint64 at = timeInStep();
    const qint64 until = at + qint64(m_random.uniform(30, 90) * double(kMinuteUs));
    for (int i = 0; i < int(m_routers.size()); ++i) {
        Router &router = m_routers[size_t(i)];
        if (router.city != city || router.state != RouterState::Online)
            continue;
        router.offlineUntilUs = until + qint64(m_random.uniform(0, 5) * double(kMinuteUs));
        setState(i, RouterState::Offline, at + m_random.below(30000000), events, u"regional outage"_s);
    }
}

} // namespace fw::sandbox
