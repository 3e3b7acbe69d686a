// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class SubjectProfileService;

/// Trust Swiftly's section of the 360 view (SubjectProfileService), "trustswiftly": the user with
/// their workflow and re-verification state.
class TrustSwiftlyProfileSections
{
public:
    static void load(SubjectProfileService& service);
};
