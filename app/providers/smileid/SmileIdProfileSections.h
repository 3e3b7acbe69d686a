// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class SubjectProfileService;

/// Smile ID's sections of the 360 view (SubjectProfileService):
///   "smileid"       flags: last known state from the audit log ("source": "audit-log"; Smile ID has
///                   no read API)
///   "smileid_jobs"  job status of the SmartSelfie registration (job_type 4) via /v1/job_status
class SmileIdProfileSections
{
public:
    static QStringList keys();
    static void load(SubjectProfileService& service);

private:
    static void loadFlags(SubjectProfileService& service);
    static void loadJobs(SubjectProfileService& service);
};
