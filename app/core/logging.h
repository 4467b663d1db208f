#pragma once

#include <QLoggingCategory>

// One category per subsystem under "fleetwall.". Quiet below warning by default:
// enable with QT_LOGGING_RULES="fleetwall.ingest.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcFleet)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcRelay)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
Q_DECLARE_LOGGING_CATEGORY(lcGeo)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
