//! `xtic plan`: print the plan file, to copy and edit.

use crate::cli::PlanArgs;

pub fn run(args: &PlanArgs) -> anyhow::Result<i32> {
    let plan = crate::cmd::load_plan(args.plan.as_deref())?;
    print!("{}", plan.source);
    Ok(crate::exit::CLEAN)
}
