#pragma once

#include <QList>
#include <QString>

namespace fw::sandbox {

struct City
{
    QString name;
    QString country; // ISO 3166-1 alpha-2
    double latitude = 0;
    double longitude = 0;
    qint64 population = 0;
};

// The world cities compiled in from resources/cities (GeoNames, CC BY 4.0).
class CityTable final
{
public:
    // Reads the compiled-in table once; empty only if the resource is missing.
    static const QList<City> &cities();

    // Parses the tab-separated form written by scripts/make-cities.sh; bad lines are skipped.
    static QList<City> parse(QByteArrayView tsv);
};

} // namespace fw::sandbox
