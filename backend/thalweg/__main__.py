from thalweg.cli import main

main()
