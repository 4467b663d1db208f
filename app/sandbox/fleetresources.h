#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace fw::sandbox {

class Fleet;

// The fleet as NCM v2 records. References are full URLs under the sandbox's own base URL.
class FleetResources final
{
public:
    explicit FleetResources(Fleet &fleet);
    Q_DISABLE_COPY_MOVE(FleetResources)

    void setApiBase(const QString &apiBase) { m_apiBase = apiBase; }
    const QString &apiBase() const { return m_apiBase; }
    QString url(QStringView resource, const QString &id) const;

    QJsonObject account(int index) const;
    QJsonObject group(int index) const;
    QJsonObject router(int index) const;
    QJsonObject routerDetails(int index) const;
    QJsonObject location(int router) const;
    QJsonArray historicalLocations(int router) const;
    QJsonArray stateSamples(int router) const;
    QJsonObject netDevice(int modem) const;
    QJsonObject netDeviceMetrics(int modem) const;
    QJsonObject netDeviceHealth(int modem) const;
    QJsonArray signalSamples(int modem) const;
    QJsonObject battery(int router) const;   // empty when the router has none

private:
    Fleet &m_fleet;
    QString m_apiBase;
};

} // namespace fw::sandbox
