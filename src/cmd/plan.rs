//! `xtic plan`: print the plan file, to copy and edit, followed by the default of every
//! optional field it leaves out (as comments), so that a reader sees what xtic applies.

use crate::cli::PlanArgs;

pub fn run(args: &PlanArgs) -> anyhow::Result<i32> {
    let plan = crate::cmd::load_plan(args.plan.as_deref())?;
    print!("{}", plan.source);
    if !plan.source.ends_with('\n') {
        println!();
    }
    print!("{}", crate::plan::defaults_comment(&plan));
    Ok(crate::exit::CLEAN)
}
