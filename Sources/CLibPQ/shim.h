#ifndef PERMITFLOW_CLIBPQ_SHIM_H
#define PERMITFLOW_CLIBPQ_SHIM_H

#include <libpq-fe.h>
#include <poll.h>

/// The PG_DIAG_* field codes are character literals that Swift does not import.
static const int PERMIT_PG_DIAG_SQLSTATE = 'C';
static const int PERMIT_PG_DIAG_MESSAGE_PRIMARY = 'M';
static const int PERMIT_PG_DIAG_MESSAGE_DETAIL = 'D';
static const int PERMIT_PG_DIAG_MESSAGE_HINT = 'H';
static const int PERMIT_PG_DIAG_CONSTRAINT_NAME = 'n';
static const int PERMIT_PG_DIAG_TABLE_NAME = 't';
static const int PERMIT_PG_DIAG_COLUMN_NAME = 'c';
static const int PERMIT_PG_DIAG_SEVERITY_NONLOCALIZED = 'V';

#endif
