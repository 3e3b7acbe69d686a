// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class SubjectProfileService;

/// SmartID's section of the 360 view (SubjectProfileService), "smartid": enrollment as far as the
/// index and the audit log know it (SmartID has no read API for it).
class SmartIdProfileSections
{
public:
    static void load(SubjectProfileService& service);
};
