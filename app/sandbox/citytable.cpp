#include "sandbox/citytable.h"

#include "core/logging.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

static void initSandboxCities()
{
    Q_INIT_RESOURCE(sandbox_cities);
}

namespace fw::sandbox {

const QList<City> &CityTable::cities()
{
    static const QList<City> table = [] {
        initSandboxCities();
        QFile file(u":/sandbox/cities/cities.tsv"_s);
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcSandbox) << "The compiled-in city table is missing.";
            return QList<City>{};
        }
        return parse(file.readAll());
    }();
    return table;
}

QList<City> CityTable::parse(QByteArrayView tsv)
{
    QList<City> result;
    const QList<QByteArray> lines = tsv.toByteArray().split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> parts = line.split('\t');
        if (parts.size() != 5)
            continue;
        City city{QString::fromUtf8(parts[0]), QString::fromLatin1(parts[1]),
                  parts[2].toDouble(), parts[3].toDouble(), parts[4].toLongLong()};
        if (city.population > 0)
            result.append(std::move(city));
    }
    return result;
}

} // namespace fw::sandbox
