#include "core/logging.h"

Q_LOGGING_CATEGORY(lcIngest, "fleetwall.ingest", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHttp, "fleetwall.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "fleetwall.store", QtWarningMsg)
Q_LOGGING_CATEGORY(lcFleet, "fleetwall.fleet", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApi, "fleetwall.api", QtWarningMsg)
Q_LOGGING_CATEGORY(lcRelay, "fleetwall.relay", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSandbox, "fleetwall.sandbox", QtWarningMsg)
Q_LOGGING_CATEGORY(lcGeo, "fleetwall.geo", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "fleetwall.ui", QtWarningMsg)
